package evident.checks.aws_config.sagemaker_notebook_kms_test

import data.evident.checks.aws_config.sagemaker_notebook_kms as check

nb(conf) := {"configurationItemStatus": "OK", "resourceType": "AWS::SageMaker::NotebookInstance", "resourceName": "research", "configuration": conf}

test_no_key_fires if {
	count(check.violation) == 1 with input as nb({"KmsKeyId": ""})
	count(check.violation) == 1 with input as nb({})
}

test_key_passes if {
	count(check.violation) == 0 with input as nb({"KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/1"})
	count(check.violation) == 0 with input as nb({"kmsKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"})
}
