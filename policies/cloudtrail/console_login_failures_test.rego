package evident.checks.cloudtrail.console_login_failures_test

import rego.v1

import data.evident.checks.cloudtrail.console_login_failures as check
import data.evident.test.cloudtrail as fx

_login(identity, outcome) := object.union(fx.record("signin.amazonaws.com", "ConsoleLogin", null), {
	"userIdentity": identity,
	"eventType": "AwsConsoleSignIn",
	"responseElements": {"ConsoleLogin": outcome},
	"additionalEventData": {"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "No"},
})

_failure(identity) := object.union(_login(identity, "Failure"), {"errorMessage": "Failed authentication"})

test_failed_user_login if {
	vs := check.violation with input as fx.normalised(_failure({"type": "IAMUser", "principalId": "AIDA3EXAMPLE", "accountId": "123456789012", "accessKeyId": "", "userName": "bob"}))
	some v in vs
	contains(v.msg, `failed console sign-in for "bob" from 198.51.100.24 (Failed authentication)`)
}

test_failed_root_login_eventbridge if {
	vs := check.violation with input as fx.eventbridge(_failure({"type": "Root", "principalId": "123456789012", "accountId": "123456789012"}))
	some v in vs
	contains(v.msg, "for the root user")
}

test_success_is_silent if {
	count(check.violation) == 0 with input as fx.normalised(_login({"type": "IAMUser", "userName": "bob"}, "Success"))
	count(check.violation) == 0 with input as fx.normalised(fx.denied(fx.record("ec2.amazonaws.com", "DescribeInstances", {})))
}
