package evident.checks.terraform.sagemaker_notebook_kms_test

import data.evident.checks.terraform.sagemaker_notebook_kms as check
import data.evident.lib.terraform_testing as t

test_no_key_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_sagemaker_notebook_instance.nb", "aws_sagemaker_notebook_instance", {"kms_key_id": null})])
}

test_key_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_sagemaker_notebook_instance.nb", "aws_sagemaker_notebook_instance", {"kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1"})])
	count(check.violation) == 0 with input as t.plan([t.rcu("aws_sagemaker_notebook_instance.nb", "aws_sagemaker_notebook_instance", {}, {"kms_key_id": true})])
}
