package evident.checks.terraform.sagemaker_notebook_no_direct_internet_test

import data.evident.checks.terraform.sagemaker_notebook_no_direct_internet as check
import data.evident.lib.terraform_testing as t

nb(after) := t.rcu("aws_sagemaker_notebook_instance.nb", "aws_sagemaker_notebook_instance", after, {"subnet_id": true})

test_default_enabled_fires if {
	vs := check.violation with input as t.plan([nb({})])
	count(vs) == 1
	some v in vs
	contains(v.msg, "default Enabled")
}

test_enabled_and_no_subnet_fire if {
	count(check.violation) == 2 with input as t.plan([t.rc("aws_sagemaker_notebook_instance.nb", "aws_sagemaker_notebook_instance", {"direct_internet_access": "Enabled"})])
}

test_disabled_in_subnet_passes if {
	count(check.violation) == 0 with input as t.plan([nb({"direct_internet_access": "Disabled"})])
}
