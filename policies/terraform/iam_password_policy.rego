# METADATA
# title: The IAM account password policy is strong
# description: |
#   aws_iam_account_password_policy requires at least min_password_length (14) characters, prevents
#   reuse of the last password_reuse_prevention (24) passwords, requires upper case, lower case,
#   numbers and symbols, and expires passwords within max_password_age_days (90). A plan that gives IAM
#   users console passwords (aws_iam_user_login_profile) also sets the password policy.
# custom:
#   id: TF-IAM-PASSWORD-POLICY
#   severity: medium
#   controls: ["hipaa:164.308(a)(4)(ii)(C)", "hipaa:164.308(a)(5)(ii)(D)", "hipaa:164.312(d)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.200(a)", "gxp-part11:11.300(b)", "gxp-annex11:12.1"]
#   remediation: Set aws_iam_account_password_policy with minimum_password_length = 14, password_reuse_prevention = 24, require_uppercase_characters/require_lowercase_characters/require_numbers/require_symbols = true and max_password_age = 90; prefer IAM Identity Center over IAM users.
#   kinds: [terraform]
package evident.checks.terraform.iam_password_policy

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("password policy %s: %s", [r, problem]),
	"resource": r,
	"path": sprintf("after.%s", [attr]),
} if {
	some r in tf.by_type.aws_iam_account_password_policy
	some attr, problem in problems(r)
}

violation contains {
	"msg": sprintf("%s gives an IAM user a console password but the plan sets no account password policy; add aws_iam_account_password_policy", [r]),
	"resource": r,
} if {
	count(object.get(tf.by_type, "aws_iam_account_password_policy", set())) == 0
	some r in tf.by_type.aws_iam_user_login_profile
}

problems(r) := object.union_n([
	{"minimum_password_length": sprintf("minimum_password_length must be at least %d", [tf.min_password_length]) |
		not object.get(tf.after(r), "minimum_password_length", 0) >= tf.min_password_length
	},
	{"password_reuse_prevention": sprintf("password_reuse_prevention must be at least %d", [tf.password_reuse_prevention]) |
		not object.get(tf.after(r), "password_reuse_prevention", 0) >= tf.password_reuse_prevention
	},
	{attr: sprintf("%s must be true", [attr]) |
		some attr in ["require_uppercase_characters", "require_lowercase_characters", "require_numbers", "require_symbols"]
		not tf.is_true(tf.value(r, [attr]))
		not tf.unknown(r, [attr])
	},
	{"max_password_age": sprintf("max_password_age must be between 1 and %d days", [tf.max_password_age_days]) |
		not age_ok(object.get(tf.after(r), "max_password_age", 0))
	},
])

age_ok(d) if {
	d > 0
	d <= tf.max_password_age_days
}
