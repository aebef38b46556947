package evident.checks.terraform.kms_rotation_test

import data.evident.checks.terraform.kms_rotation as check
import data.evident.lib.terraform_testing as t

test_no_rotation_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_kms_key.k", "aws_kms_key", {"enable_key_rotation": false})])
	count(check.violation) == 1 with input as t.plan([t.rc("aws_kms_key.k", "aws_kms_key", {"customer_master_key_spec": "SYMMETRIC_DEFAULT"})])
}

test_rotation_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_kms_key.k", "aws_kms_key", {"enable_key_rotation": true})])
}

test_asymmetric_skipped if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_kms_key.sign", "aws_kms_key", {"customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY", "enable_key_rotation": false})])
}
