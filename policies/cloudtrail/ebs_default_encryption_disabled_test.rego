package evident.checks.cloudtrail.ebs_default_encryption_disabled_test

import rego.v1

import data.evident.checks.cloudtrail.ebs_default_encryption_disabled as check
import data.evident.test.cloudtrail as fx

_disable := object.union(fx.record("ec2.amazonaws.com", "DisableEbsEncryptionByDefault", {"DisableEbsEncryptionByDefaultRequest": ""}), {"responseElements": {"DisableEbsEncryptionByDefaultResponse": {"ebsEncryptionByDefault": false}}})

test_disabled if {
	vs := check.violation with input as fx.normalised(_disable)
	some v in vs
	contains(v.msg, "disabled EBS encryption by default in region eu-west-1")
	count(check.violation) == 1 with input as fx.eventbridge(_disable)
}

test_enable_and_denied if {
	count(check.violation) == 0 with input as fx.normalised(fx.record("ec2.amazonaws.com", "EnableEbsEncryptionByDefault", {}))
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_disable))
}
