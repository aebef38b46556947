package evident.checks.cloudtrail.cloudtrail_stopped_test

import rego.v1

import data.evident.checks.cloudtrail.cloudtrail_stopped as check
import data.evident.test.cloudtrail as fx

_stop := fx.record("cloudtrail.amazonaws.com", "StopLogging", {"name": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/org-trail"})

test_stop_logging if {
	vs := check.violation with input as fx.normalised(_stop)
	count(vs) == 1
	some v in vs
	contains(v.msg, `stopped logging of trail "arn:aws:cloudtrail:eu-west-1:123456789012:trail/org-trail"`)
	contains(v.msg, "arn:aws:sts::123456789012:assumed-role/PlatformEngineer/alice")
}

test_delete_trail_eventbridge if {
	count(check.violation) == 1 with input as fx.eventbridge(fx.record("cloudtrail.amazonaws.com", "DeleteTrail", {"name": "org-trail"}))
}

test_denied_does_not_fire if {
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_stop))
}

test_start_logging_is_fine if {
	count(check.violation) == 0 with input as fx.normalised(fx.record("cloudtrail.amazonaws.com", "StartLogging", {"name": "org-trail"}))
}
