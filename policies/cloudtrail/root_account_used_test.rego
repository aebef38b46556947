package evident.checks.cloudtrail.root_account_used_test

import rego.v1

import data.evident.checks.cloudtrail.root_account_used as check
import data.evident.test.cloudtrail as fx

_root := {"type": "Root", "principalId": "123456789012", "arn": "arn:aws:iam::123456789012:root", "accountId": "123456789012", "accessKeyId": "ASIA3EXAMPLEROOTKEY0"}

_as_root(rec) := object.union(rec, {"userIdentity": _root})

test_root_api_call if {
	vs := check.violation with input as fx.normalised(_as_root(fx.record("s3.amazonaws.com", "PutBucketVersioning", {"bucketName": "b"})))
	some v in vs
	contains(v.msg, "the root user called PutBucketVersioning on s3.amazonaws.com from 198.51.100.24")
}

test_root_console_login_eventbridge if {
	login := object.union(_as_root(fx.record("signin.amazonaws.com", "ConsoleLogin", null)), {"eventType": "AwsConsoleSignIn", "responseElements": {"ConsoleLogin": "Success"}, "additionalEventData": {"MFAUsed": "Yes"}})
	vs := check.violation with input as fx.eventbridge(login)
	some v in vs
	contains(v.msg, "signed in to the console")
}

test_root_access_key_created if {
	vs := check.violation with input as fx.normalised(_as_root(fx.record("iam.amazonaws.com", "CreateAccessKey", null)))
	some v in vs
	contains(v.msg, "CREATED A ROOT ACCESS KEY")
	vs2 := check.violation with input as fx.normalised(_as_root(fx.record("iam.amazonaws.com", "CreateAccessKey", {"userName": "ci"})))
	every v2 in vs2 {
		not contains(v2.msg, "CREATED A ROOT ACCESS KEY")
	}
	count(vs2) == 1
}

test_record_without_event_type if {
	rec := json.remove(_as_root(fx.record("ec2.amazonaws.com", "DisableEbsEncryptionByDefault", {})), ["eventType"])
	count(check.violation) == 1 with input as fx.normalised(rec)
}

test_console_session_counts if {
	rec := object.union(_as_root(fx.record("iam.amazonaws.com", "CreateAccessKey", null)), {"userIdentity": {"invokedBy": "signin.amazonaws.com"}})
	count(check.violation) == 1 with input as fx.normalised(rec)
}

test_not_root_service_or_failed if {
	count(check.violation) == 0 with input as fx.normalised(fx.record("s3.amazonaws.com", "PutBucketVersioning", {}))
	count(check.violation) == 0 with input as fx.normalised(object.union(_as_root(fx.record("s3.amazonaws.com", "GetBucketAcl", {})), {"userIdentity": {"invokedBy": "support.amazonaws.com"}}))
	count(check.violation) == 0 with input as fx.normalised(object.union(_as_root(fx.record("kms.amazonaws.com", "RotateKey", {})), {"eventType": "AwsServiceEvent"}))
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_as_root(fx.record("iam.amazonaws.com", "CreateUser", {"userName": "x"}))))
}
