package evident.checks.terraform.sagemaker_model_network_isolation_test

import data.evident.checks.terraform.sagemaker_model_network_isolation as check
import data.evident.lib.terraform_testing as t

test_open_model_fires_twice if {
	count(check.violation) == 2 with input as t.plan([t.rc("aws_sagemaker_model.m", "aws_sagemaker_model", {"enable_network_isolation": false, "vpc_config": []})])
}

test_isolated_model_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_sagemaker_model.m", "aws_sagemaker_model", {"enable_network_isolation": true, "vpc_config": [{"subnets": ["subnet-1"], "security_group_ids": ["sg-1"]}]})])
}

test_public_model_out_of_scope if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_sagemaker_model.m", "aws_sagemaker_model", {"tags_all": {"data-classification": "public"}})])
}
