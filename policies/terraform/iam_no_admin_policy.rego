# METADATA
# title: No IAM policy grants full administrative access
# description: |
#   Customer policies (aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy,
#   aws_iam_role inline_policy) have no Allow statement with Action "*" on Resource "*", and
#   AdministratorAccess is not attached (aws_iam_*_policy_attachment, aws_iam_policy_attachment,
#   aws_iam_role managed_policy_arns) to anyone outside break_glass_principals. Policy documents are
#   JSON strings (jsonencode or aws_iam_policy_document); unknown documents pass.
# custom:
#   id: TF-IAM-NO-ADMIN-POLICY
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(3)(ii)(B)", "hipaa:164.308(a)(4)(i)", "hipaa:164.308(a)(4)(ii)(B)", "hipaa:164.308(a)(4)(ii)(C)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)"]
#   remediation: Grant only the actions and resources the workload needs (start from IAM Access Analyzer generated policies); keep AdministratorAccess for a break-glass role listed in break_glass_principals and guarded by MFA and alerting.
#   kinds: [terraform]
package evident.checks.terraform.iam_no_admin_policy

import data.evident.lib.terraform as tf

policy_types := ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"]

# [resource, path, document, principal name or ""].
documents contains [r, "after.policy", doc, principal(r)] if {
	some typ in policy_types
	some r in tf.by_type[typ]
	doc := tf.value(r, ["policy"])
}

documents contains [r, sprintf("after.inline_policy[%d].policy", [i]), p.policy, object.get(tf.after(r), "name", "")] if {
	some r in tf.by_type.aws_iam_role
	some i, p in tf.after(r).inline_policy
	tf.non_empty(p.policy)
}

principal(r) := n if {
	some attr in ["role", "user", "group"]
	n := tf.value(r, [attr])
}

default principal(_) := ""

violation contains {
	"msg": sprintf("%s allows every action on every resource (statement %d); grant only the actions and resources needed", [r, i]),
	"resource": r,
	"path": path,
} if {
	some [r, path, doc, who] in documents
	not who in tf.break_glass_principals
	some i, s in tf.statements(doc)
	s.Effect == "Allow"
	tf.includes(s.Action, "*")
	tf.includes(s.Resource, "*")
}

attachment_types := {"aws_iam_role_policy_attachment": ["role"], "aws_iam_user_policy_attachment": ["user"], "aws_iam_group_policy_attachment": ["group"], "aws_iam_policy_attachment": ["roles", "users", "groups"]}

violation contains {
	"msg": sprintf("%s attaches AdministratorAccess to %s; attach a least-privilege policy (or list a break-glass principal in break_glass_principals)", [r, concat(", ", sort(who))]),
	"resource": r,
	"path": "after.policy_arn",
} if {
	some typ, attrs in attachment_types
	some r in tf.by_type[typ]
	admin_arn(tf.value(r, ["policy_arn"]))
	who := {n | some a in attrs; some n in as_list(tf.value(r, [a]))}
	count(who - tf.break_glass_principals) > 0
}

violation contains {
	"msg": sprintf("role %s has AdministratorAccess in managed_policy_arns; attach a least-privilege policy", [r]),
	"resource": r,
	"path": "after.managed_policy_arns",
} if {
	some r in tf.by_type.aws_iam_role
	some arn in tf.after(r).managed_policy_arns
	admin_arn(arn)
	not object.get(tf.after(r), "name", "") in tf.break_glass_principals
}

admin_arn(arn) if {
	is_string(arn)
	endswith(arn, ":policy/AdministratorAccess")
}

as_list(v) := v if is_array(v)

as_list(v) := [v] if is_string(v)
