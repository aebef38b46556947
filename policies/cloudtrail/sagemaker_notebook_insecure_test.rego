package evident.checks.cloudtrail.sagemaker_notebook_insecure_test

import rego.v1

import data.evident.checks.cloudtrail.sagemaker_notebook_insecure as check
import data.evident.test.cloudtrail as fx

_secure := {
	"notebookInstanceName": "tox-analysis", "instanceType": "ml.t3.medium", "roleArn": "arn:aws:iam::123456789012:role/sagemaker-notebook",
	"subnetId": "subnet-0a1b2c3d", "securityGroupIds": ["sg-0a1b2c3d"], "directInternetAccess": "Disabled", "rootAccess": "Disabled",
	"kmsKeyId": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
}

_create(params) := fx.record("sagemaker.amazonaws.com", "CreateNotebookInstance", params)

test_secure_create if {
	count(check.violation) == 0 with input as fx.normalised(_create(_secure))
}

test_defaults_are_insecure if {
	params := {"notebookInstanceName": "quick", "instanceType": "ml.t3.medium", "roleArn": "arn:aws:iam::123456789012:role/sagemaker-notebook"}
	fx.paths(check.violation) == {"requestParameters.directInternetAccess", "requestParameters.kmsKeyId", "requestParameters.rootAccess"} with input as fx.normalised(_create(params))
}

test_update_enables_root_eventbridge if {
	rec := fx.record("sagemaker.amazonaws.com", "UpdateNotebookInstance", {"notebookInstanceName": "tox-analysis", "rootAccess": "Enabled"})
	fx.paths(check.violation) == {"requestParameters.rootAccess"} with input as fx.eventbridge(rec)
	count(check.violation) == 0 with input as fx.normalised(fx.record("sagemaker.amazonaws.com", "UpdateNotebookInstance", {"notebookInstanceName": "tox-analysis", "instanceType": "ml.t3.large"}))
}

test_denied if {
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_create({"notebookInstanceName": "quick"})))
}
