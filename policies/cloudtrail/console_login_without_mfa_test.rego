package evident.checks.cloudtrail.console_login_without_mfa_test

import rego.v1

import data.evident.checks.cloudtrail.console_login_without_mfa as check
import data.evident.test.cloudtrail as fx

_login(identity, outcome, extra) := object.union(fx.record("signin.amazonaws.com", "ConsoleLogin", null), {
	"userIdentity": identity,
	"eventType": "AwsConsoleSignIn",
	"responseElements": {"ConsoleLogin": outcome},
	"additionalEventData": object.union({"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No"}, extra),
})

_user := {"type": "IAMUser", "principalId": "AIDA3EXAMPLEUSERID0", "arn": "arn:aws:iam::123456789012:user/bob", "accountId": "123456789012", "userName": "bob"}

test_iam_user_without_mfa if {
	vs := check.violation with input as fx.normalised(_login(_user, "Success", {"MFAUsed": "No"}))
	some v in vs
	contains(v.msg, `IAM user "bob" signed in to the console without MFA`)
	count(check.violation) == 1 with input as fx.eventbridge(_login(_user, "Success", {"MFAUsed": "NO"}))
}

test_root_without_mfa if {
	root := {"type": "Root", "principalId": "123456789012", "arn": "arn:aws:iam::123456789012:root", "accountId": "123456789012"}
	count(check.violation) == 1 with input as fx.normalised(_login(root, "Success", {"MFAUsed": "No"}))
}

test_mfa_failure_and_federation if {
	count(check.violation) == 0 with input as fx.normalised(_login(_user, "Success", {"MFAUsed": "Yes"}))
	count(check.violation) == 0 with input as fx.normalised(object.union(_login(_user, "Failure", {"MFAUsed": "No"}), {"errorMessage": "Failed authentication"}))
	saml := {"type": "AssumedRole", "arn": "arn:aws:sts::123456789012:assumed-role/Okta-Admin/bob", "principalId": "AROA:bob", "accountId": "123456789012"}
	count(check.violation) == 0 with input as fx.normalised(_login(saml, "Success", {"MFAUsed": "No", "SamlProviderArn": "arn:aws:iam::123456789012:saml-provider/Okta"}))
}
