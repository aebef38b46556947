package evident.checks.terraform.iam_password_policy_test

import data.evident.checks.terraform.iam_password_policy as check
import data.evident.lib.terraform_testing as t

strong := {"minimum_password_length": 14, "password_reuse_prevention": 24, "require_uppercase_characters": true, "require_lowercase_characters": true, "require_numbers": true, "require_symbols": true, "max_password_age": 90}

pp(after) := t.rc("aws_iam_account_password_policy.strict", "aws_iam_account_password_policy", after)

test_strong_policy_passes if {
	count(check.violation) == 0 with input as t.plan([pp(strong)])
}

test_weak_policy_fires_per_attribute if {
	vs := check.violation with input as t.plan([pp(object.union(strong, {"minimum_password_length": 8, "require_symbols": false, "max_password_age": 0}))])
	{v.path | some v in vs} == {"after.minimum_password_length", "after.require_symbols", "after.max_password_age"}
}

test_login_profile_without_policy_fires if {
	lp := t.rc("aws_iam_user_login_profile.alice", "aws_iam_user_login_profile", {"user": "alice"})
	count(check.violation) == 1 with input as t.plan([lp])
	count(check.violation) == 0 with input as t.plan([lp, pp(strong)])
}
