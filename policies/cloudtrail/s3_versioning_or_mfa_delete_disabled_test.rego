package evident.checks.cloudtrail.s3_versioning_or_mfa_delete_disabled_test

import rego.v1

import data.evident.checks.cloudtrail.s3_versioning_or_mfa_delete_disabled as check
import data.evident.test.cloudtrail as fx

_put(cfg) := fx.record("s3.amazonaws.com", "PutBucketVersioning", {"bucketName": "lims-records", "versioning": "", "VersioningConfiguration": object.union({"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"}, cfg)})

test_suspended if {
	fx.paths(check.violation) == {"requestParameters.VersioningConfiguration.Status"} with input as fx.normalised(_put({"Status": "Suspended"}))
}

test_mfa_delete_disabled_eventbridge if {
	fx.paths(check.violation) == {"requestParameters.VersioningConfiguration.MfaDelete"} with input as fx.eventbridge(_put({"Status": "Enabled", "MfaDelete": "Disabled"}))
}

test_enabled_and_denied if {
	count(check.violation) == 0 with input as fx.normalised(_put({"Status": "Enabled", "MfaDelete": "Enabled"}))
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_put({"Status": "Suspended"})))
}
