package evident.checks.cloudtrail.cloudtrail_weakened_test

import rego.v1

import data.evident.checks.cloudtrail.cloudtrail_weakened as check
import data.evident.test.cloudtrail as fx

_update(params) := fx.record("cloudtrail.amazonaws.com", "UpdateTrail", object.union({"name": "org-trail"}, params))

_selectors(params) := fx.record("cloudtrail.amazonaws.com", "PutEventSelectors", object.union({"trailName": "org-trail"}, params))

test_validation_and_region_off if {
	vs := check.violation with input as fx.normalised(_update({"enableLogFileValidation": false, "isMultiRegionTrail": "false"}))
	fx.paths(vs) == {"requestParameters.enableLogFileValidation", "requestParameters.isMultiRegionTrail"}
}

test_kms_removed if {
	fx.paths(check.violation) == {"requestParameters.kmsKeyId"} with input as fx.normalised(_update({"kmsKeyId": ""}))
}

test_strengthening_update_is_fine if {
	count(check.violation) == 0 with input as fx.normalised(_update({"enableLogFileValidation": true, "isMultiRegionTrail": true, "kmsKeyId": "arn:aws:kms:eu-west-1:123456789012:key/abcd"}))
}

test_management_events_off_eventbridge if {
	rec := _selectors({"eventSelectors": [{"readWriteType": "All", "includeManagementEvents": false, "dataResources": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3:::lims-records/"]}]}]})
	fx.paths(check.violation) == {"requestParameters.eventSelectors[0].includeManagementEvents"} with input as fx.eventbridge(rec)
}

test_excluded_sources if {
	rec := _selectors({"eventSelectors": [{"readWriteType": "All", "includeManagementEvents": true, "excludeManagementEventSources": ["kms.amazonaws.com"]}]})
	count(check.violation) == 1 with input as fx.normalised(rec)
}

test_advanced_selectors_without_management if {
	data_only := _selectors({"advancedEventSelectors": [{"name": "S3 data", "fieldSelectors": [{"field": "eventCategory", "equals": ["Data"]}, {"field": "resources.type", "equals": ["AWS::S3::Object"]}]}]})
	count(check.violation) == 1 with input as fx.normalised(data_only)
	with_management := _selectors({"advancedEventSelectors": [{"name": "Management", "fieldSelectors": [{"field": "eventCategory", "equals": ["Management"]}]}]})
	count(check.violation) == 0 with input as fx.normalised(with_management)
}

test_full_selectors_and_denied if {
	good := _selectors({"eventSelectors": [{"readWriteType": "All", "includeManagementEvents": true, "dataResources": []}]})
	count(check.violation) == 0 with input as fx.normalised(good)
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_update({"enableLogFileValidation": false})))
}
