package evident.checks.terraform.ecr_tag_immutable_test

import data.evident.checks.terraform.ecr_tag_immutable as check
import data.evident.lib.terraform_testing as t

test_mutable_fires if {
	vs := check.violation with input as t.plan([t.rc("aws_ecr_repository.r", "aws_ecr_repository", {"image_tag_mutability": "MUTABLE", "encryption_configuration": [{"encryption_type": "KMS"}]})])
	count(vs) == 1
	some v in vs
	v.path == "after.image_tag_mutability"
}

test_defaults_fire_twice if {
	count(check.violation) == 2 with input as t.plan([t.rc("aws_ecr_repository.r", "aws_ecr_repository", {"name": "r"})])
}

test_immutable_kms_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_ecr_repository.r", "aws_ecr_repository", {"image_tag_mutability": "IMMUTABLE", "encryption_configuration": [{"encryption_type": "KMS", "kms_key": "arn:aws:kms:eu-west-1:111122223333:key/1"}]})])
}
