package evident.checks.cloudtrail.config_recorder_stopped_test

import rego.v1

import data.evident.checks.cloudtrail.config_recorder_stopped as check
import data.evident.test.cloudtrail as fx

test_recorder_stopped if {
	vs := check.violation with input as fx.normalised(fx.record("config.amazonaws.com", "StopConfigurationRecorder", {"configurationRecorderName": "default"}))
	some v in vs
	contains(v.msg, "AWS Config recording was stopped (default)")
}

test_delivery_channel_deleted_eventbridge if {
	count(check.violation) == 1 with input as fx.eventbridge(fx.record("config.amazonaws.com", "DeleteDeliveryChannel", {"deliveryChannelName": "default"}))
}

test_denied_and_benign if {
	count(check.violation) == 0 with input as fx.normalised(fx.denied(fx.record("config.amazonaws.com", "DeleteConfigurationRecorder", {"configurationRecorderName": "default"})))
	count(check.violation) == 0 with input as fx.normalised(fx.record("config.amazonaws.com", "PutDeliveryChannel", {"deliveryChannel": {"name": "default"}}))
}
