package evident.checks.terraform.sagemaker_notebook_root_disabled_test

import data.evident.checks.terraform.sagemaker_notebook_root_disabled as check
import data.evident.lib.terraform_testing as t

imds2 := [{"minimum_instance_metadata_service_version": "2"}]

test_root_default_fires if {
	vs := check.violation with input as t.plan([t.rc("aws_sagemaker_notebook_instance.nb", "aws_sagemaker_notebook_instance", {"instance_metadata_service_configuration": imds2})])
	count(vs) == 1
	some v in vs
	v.path == "after.root_access"
}

test_imdsv1_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_sagemaker_notebook_instance.nb", "aws_sagemaker_notebook_instance", {"root_access": "Disabled", "instance_metadata_service_configuration": [{"minimum_instance_metadata_service_version": "1"}]})])
}

test_hardened_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_sagemaker_notebook_instance.nb", "aws_sagemaker_notebook_instance", {"root_access": "Disabled", "instance_metadata_service_configuration": imds2})])
}
