package evident.checks.aws_config.sagemaker_endpoint_config_kms_test

import data.evident.checks.aws_config.sagemaker_endpoint_config_kms as check

ec(conf) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::SageMaker::EndpointConfig", "resourceName": "triage", "configuration": conf}}

variant := {"VariantName": "main", "InstanceType": "ml.g5.xlarge", "InitialInstanceCount": 1}

test_no_key_fires if {
	count(check.violation) == 1 with input as ec({"ProductionVariants": [variant]})
}

test_capture_without_key_fires if {
	vs := check.violation with input as ec({"KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/1", "ProductionVariants": [variant], "DataCaptureConfig": {"EnableCapture": true, "DestinationS3Uri": "s3://capture"}})
	count(vs) == 1
	some v in vs
	v.path == "configuration.DataCaptureConfig.KmsKeyId"
}

test_encrypted_passes if {
	count(check.violation) == 0 with input as ec({"KmsKeyId": "k", "ProductionVariants": [variant], "DataCaptureConfig": {"EnableCapture": true, "KmsKeyId": "k"}})
}

test_serverless_needs_no_volume_key if {
	count(check.violation) == 0 with input as ec({"ProductionVariants": [{"VariantName": "s", "ServerlessConfig": {"MaxConcurrency": 5, "MemorySizeInMB": 2048}}]})
}
