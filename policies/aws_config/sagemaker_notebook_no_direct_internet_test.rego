package evident.checks.aws_config.sagemaker_notebook_no_direct_internet_test

import data.evident.checks.aws_config.sagemaker_notebook_no_direct_internet as check

nb(conf) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::SageMaker::NotebookInstance", "resourceName": "research", "configuration": conf}}

test_defaults_fire_three_times if {
	count(check.violation) == 3 with input as nb({"NotebookInstanceName": "research"})
}

test_hardened_passes if {
	count(check.violation) == 0 with input as nb({"DirectInternetAccess": "Disabled", "RootAccess": "Disabled", "SubnetId": "subnet-1"})
}

test_camel_case_fields if {
	count(check.violation) == 0 with input as nb({"directInternetAccess": "Disabled", "rootAccess": "Disabled", "subnetId": "subnet-1"})
	count(check.violation) == 1 with input as nb({"directInternetAccess": "Enabled", "rootAccess": "Disabled", "subnetId": "subnet-1"})
}
