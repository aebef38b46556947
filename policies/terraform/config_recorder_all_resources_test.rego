package evident.checks.terraform.config_recorder_all_resources_test

import data.evident.checks.terraform.config_recorder_all_resources as check
import data.evident.lib.terraform_testing as t

recorder(group) := t.rc("aws_config_configuration_recorder.main", "aws_config_configuration_recorder", {"name": "main", "recording_group": group})

status(on) := t.rc("aws_config_configuration_recorder_status.main", "aws_config_configuration_recorder_status", {"name": "main", "is_enabled": on})

test_complete_recorder_passes if {
	count(check.violation) == 0 with input as t.plan([recorder([{"all_supported": true, "include_global_resource_types": true}]), status(true)])
}

test_partial_recorder_fires if {
	vs := check.violation with input as t.plan([recorder([{"all_supported": false, "include_global_resource_types": false, "resource_types": ["AWS::S3::Bucket"]}]), status(true)])
	count(vs) == 2
}

test_stopped_or_missing_status_fires if {
	count(check.violation) == 1 with input as t.plan([recorder([{"all_supported": true, "include_global_resource_types": true}]), status(false)])
	count(check.violation) == 1 with input as t.plan([recorder([{"all_supported": true, "include_global_resource_types": true}])])
}
