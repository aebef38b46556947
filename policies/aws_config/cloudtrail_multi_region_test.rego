package evident.checks.aws_config.cloudtrail_multi_region_test

import data.evident.checks.aws_config.cloudtrail_multi_region as check

trail(conf) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::CloudTrail::Trail", "resourceName": "org", "configuration": conf}}

good := {"isMultiRegionTrail": true, "includeGlobalServiceEvents": true, "isOrganizationTrail": true, "cloudWatchLogsLogGroupArn": "arn:aws:logs:us-east-1:111122223333:log-group:trail:*"}

test_good_trail_passes if {
	count(check.violation) == 0 with input as trail(good)
}

test_regional_trail_fires if {
	vs := check.violation with input as trail(object.union(good, {"isMultiRegionTrail": false}))
	count(vs) == 1
	some v in vs
	v.path == "configuration.isMultiRegionTrail"
}

test_bare_trail_fires_three_times if {
	count(check.violation) == 3 with input as trail({"name": "t"})
}
