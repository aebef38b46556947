package evident.checks.cloudtrail.detection_service_disabled_test

import rego.v1

import data.evident.checks.cloudtrail.detection_service_disabled as check
import data.evident.test.cloudtrail as fx

_gd(name, params) := fx.record("guardduty.amazonaws.com", name, params)

_sh(name, params) := fx.record("securityhub.amazonaws.com", name, params)

test_guardduty_disabled if {
	fx.paths(check.violation) == {"eventName"} with input as fx.normalised(_gd("DeleteDetector", {"detectorId": "12abc34d567e8fa901bc2d34e56789f0"}))
	fx.paths(check.violation) == {"requestParameters.enable"} with input as fx.normalised(_gd("UpdateDetector", {"detectorId": "12abc", "enable": false}))
	count(check.violation) == 0 with input as fx.normalised(_gd("UpdateDetector", {"detectorId": "12abc", "enable": true, "findingPublishingFrequency": "FIFTEEN_MINUTES"}))
}

test_evasion if {
	count(check.violation) == 1 with input as fx.normalised(_gd("CreateIPSet", {"detectorId": "12abc", "name": "trusted", "format": "TXT", "location": "https://s3.amazonaws.com/x/ips.txt", "activate": true}))
	count(check.violation) == 1 with input as fx.eventbridge(_gd("CreateFilter", {"detectorId": "12abc", "name": "quiet", "action": "ARCHIVE", "findingCriteria": {"criterion": {}}}))
	count(check.violation) == 0 with input as fx.normalised(_gd("CreateFilter", {"detectorId": "12abc", "name": "triage", "action": "NOOP"}))
}

test_security_hub if {
	count(check.violation) == 1 with input as fx.normalised(_sh("DisableSecurityHub", {}))
	count(check.violation) == 1 with input as fx.normalised(_sh("BatchDisableStandards", {"standardsSubscriptionArns": ["arn:aws:securityhub:eu-west-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0"]}))
	fx.paths(check.violation) == {"requestParameters.workflow.status"} with input as fx.normalised(_sh("BatchUpdateFindings", {"findingIdentifiers": [{"id": "f1", "productArn": "p"}], "workflow": {"status": "SUPPRESSED"}}))
	count(check.violation) == 0 with input as fx.normalised(_sh("BatchUpdateFindings", {"findingIdentifiers": [{"id": "f1", "productArn": "p"}], "workflow": {"status": "RESOLVED"}}))
}

test_denied if {
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_gd("DeleteDetector", {"detectorId": "12abc"})))
}
