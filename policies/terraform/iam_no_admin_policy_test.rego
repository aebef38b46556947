package evident.checks.terraform.iam_no_admin_policy_test

import data.evident.checks.terraform.iam_no_admin_policy as check
import data.evident.lib.terraform_testing as t

admin_doc := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})

scoped_doc := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::b/*"]}]})

test_admin_policy_fires if {
	vs := check.violation with input as t.plan([t.rc("aws_iam_policy.p", "aws_iam_policy", {"policy": admin_doc})])
	count(vs) == 1
	some v in vs
	v.path == "after.policy"
}

test_scoped_policy_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_iam_policy.p", "aws_iam_policy", {"policy": scoped_doc})])
}

test_action_list_with_star_fires if {
	doc := json.marshal({"Statement": [{"Effect": "Allow", "Action": ["s3:*", "*"], "Resource": ["*"]}]})
	count(check.violation) == 1 with input as t.plan([t.rc("aws_iam_role_policy.p", "aws_iam_role_policy", {"role": "app", "policy": doc})])
}

test_admin_attachment_fires if {
	a := t.rc("aws_iam_role_policy_attachment.a", "aws_iam_role_policy_attachment", {"role": "ml-training", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"})
	count(check.violation) == 1 with input as t.plan([a])
	count(check.violation) == 0 with input as t.plan([a]) with data.evident.config.break_glass_principals as ["ml-training"]
}

test_inline_and_managed_on_role if {
	r := t.rc("aws_iam_role.r", "aws_iam_role", {"name": "r", "inline_policy": [{"name": "all", "policy": admin_doc}], "managed_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"]})
	count(check.violation) == 2 with input as t.plan([r])
}
