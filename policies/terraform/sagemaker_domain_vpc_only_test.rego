package evident.checks.terraform.sagemaker_domain_vpc_only_test

import data.evident.checks.terraform.sagemaker_domain_vpc_only as check
import data.evident.lib.terraform_testing as t

test_default_domain_fires if {
	vs := check.violation with input as t.plan([t.rc("aws_sagemaker_domain.studio", "aws_sagemaker_domain", {"auth_mode": "IAM", "default_user_settings": [{"sharing_settings": [{"notebook_output_option": "Allowed"}]}]})])
	count(vs) == 4
}

test_hardened_domain_passes if {
	d := {"auth_mode": "SSO", "app_network_access_type": "VpcOnly", "kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1", "default_user_settings": [{"sharing_settings": [{"notebook_output_option": "Disabled"}]}]}
	count(check.violation) == 0 with input as t.plan([t.rc("aws_sagemaker_domain.studio", "aws_sagemaker_domain", d)])
}
