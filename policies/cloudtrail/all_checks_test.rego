# Every CloudTrail check together: routine events and denied attempts pass all of them.
package evident.test.cloudtrail_all_test

import rego.v1

import data.evident.test.cloudtrail as fx

# The violations of every check for one input, by check package.
_all(inp) := {name: vs |
	vs := data.evident.checks.cloudtrail[name].violation with input as inp
}

_routine := [
	fx.record("ec2.amazonaws.com", "DescribeInstances", {"instancesSet": {}, "filterSet": {}}),
	fx.record("s3.amazonaws.com", "PutBucketVersioning", {"bucketName": "lims-records", "VersioningConfiguration": {"Status": "Enabled", "MfaDelete": "Enabled"}}),
	fx.record("s3.amazonaws.com", "PutBucketEncryption", {"bucketName": "lims-records", "ServerSideEncryptionConfiguration": {"Rule": {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "arn:aws:kms:eu-west-1:123456789012:key/abcd"}}}}),
	fx.record("cloudtrail.amazonaws.com", "StartLogging", {"name": "org-trail"}),
	fx.record("kms.amazonaws.com", "EnableKeyRotation", {"keyId": "abcd"}),
	fx.record("iam.amazonaws.com", "AttachRolePolicy", {"roleName": "lims-api", "policyArn": "arn:aws:iam::123456789012:policy/lims-read"}),
	fx.record("lambda.amazonaws.com", "UpdateFunctionCode20150331v2", {"functionName": "thumbnailer", "publish": true}),
	fx.record("rds.amazonaws.com", "ModifyDBInstance", {"dBInstanceIdentifier": "lims-prod", "deletionProtection": true, "backupRetentionPeriod": 35, "publiclyAccessible": false}),
]

_dangerous := [
	fx.record("cloudtrail.amazonaws.com", "StopLogging", {"name": "org-trail"}),
	fx.record("s3.amazonaws.com", "DeleteBucketPublicAccessBlock", {"bucketName": "lims-records"}),
	fx.record("iam.amazonaws.com", "AttachUserPolicy", {"userName": "bob", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
	fx.record("ec2.amazonaws.com", "DisableEbsEncryptionByDefault", {}),
]

test_every_check_is_present if {
	# NOTE(compiler): bound to a variable before count() (see kubernetes/ingress_tls.rego).
	checks := {name | data.evident.checks.cloudtrail[name].violation}
	count(checks) == 27
}

test_routine_events_pass_every_check if {
	every rec in _routine {
		results := _all(fx.normalised(rec))
		count(results) == 27
		every _, vs in results {
			count(vs) == 0
		}
	}
}

test_denied_attempts_pass_every_check if {
	every rec in _dangerous {
		results := _all(fx.eventbridge(fx.denied(rec)))
		count(results) == 27
		every _, vs in results {
			count(vs) == 0
		}
	}
}

test_dangerous_events_fire_once if {
	every rec in _dangerous {
		results := _all(fx.eventbridge(rec))
		# NOTE(compiler): bound to a variable before count().
		failing := {name | some name, vs in results; count(vs) > 0}
		count(failing) == 1
	}
}
