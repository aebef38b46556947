package evident.checks.terraform.sagemaker_endpoint_config_kms_test

import data.evident.checks.terraform.sagemaker_endpoint_config_kms as check
import data.evident.lib.terraform_testing as t

key := "arn:aws:kms:eu-west-1:111122223333:key/1"

variant := {"variant_name": "main", "instance_type": "ml.g5.xlarge", "initial_instance_count": 1}

ec(after) := t.rc("aws_sagemaker_endpoint_configuration.ec", "aws_sagemaker_endpoint_configuration", after)

test_instance_variant_without_key_fires if {
	vs := check.violation with input as t.plan([ec({"production_variants": [variant]})])
	count(vs) == 1
	some v in vs
	v.path == "after.kms_key_arn"
}

test_serverless_variant_needs_no_volume_key if {
	count(check.violation) == 0 with input as t.plan([ec({"production_variants": [{"variant_name": "s", "serverless_config": [{"max_concurrency": 2, "memory_size_in_mb": 2048}]}]})])
}

test_data_capture_without_key_fires if {
	dc := [{"enable_capture": true, "destination_s3_uri": "s3://capture/", "initial_sampling_percentage": 100}]
	vs := check.violation with input as t.plan([ec({"kms_key_arn": key, "production_variants": [variant], "data_capture_config": dc})])
	count(vs) == 1
	some v in vs
	v.path == "after.data_capture_config[0].kms_key_id"
}

test_fully_encrypted_passes if {
	dc := [{"enable_capture": true, "kms_key_id": key}]
	asy := [{"output_config": [{"s3_output_path": "s3://out/", "kms_key_id": key}]}]
	count(check.violation) == 0 with input as t.plan([ec({"kms_key_arn": key, "production_variants": [variant], "data_capture_config": dc, "async_inference_config": asy})])
}

test_async_without_key_fires if {
	asy := [{"output_config": [{"s3_output_path": "s3://out/"}]}]
	count(check.violation) == 1 with input as t.plan([ec({"kms_key_arn": key, "production_variants": [variant], "async_inference_config": asy})])
}
