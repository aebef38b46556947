package evident.checks.cloudtrail.admin_privilege_granted_test

import rego.v1

import data.evident.checks.cloudtrail.admin_privilege_granted as check
import data.evident.test.cloudtrail as fx

_attach(name, params) := fx.record("iam.amazonaws.com", name, params)

_admin_doc := {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}

test_attach_administrator_access if {
	vs := check.violation with input as fx.normalised(_attach("AttachRolePolicy", {"roleName": "ci-deployer", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}))
	some v in vs
	contains(v.msg, `attached AdministratorAccess to role "ci-deployer"`)
	count(check.violation) == 1 with input as fx.eventbridge(_attach("AttachUserPolicy", {"userName": "bob", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}))
}

test_inline_star_policy_as_json_string if {
	rec := _attach("PutUserPolicy", {"userName": "bob", "policyName": "everything", "policyDocument": json.marshal(_admin_doc)})
	fx.paths(check.violation) == {"requestParameters.policyDocument.Statement[0]"} with input as fx.normalised(rec)
}

test_url_encoded_policy_version if {
	rec := _attach("CreatePolicyVersion", {"policyArn": "arn:aws:iam::123456789012:policy/ops", "setAsDefault": true, "policyDocument": urlquery.encode(json.marshal(_admin_doc))})
	count(check.violation) == 1 with input as fx.normalised(rec)
}

test_eks_cluster_admin if {
	rec := fx.record("eks.amazonaws.com", "AssociateAccessPolicy", {"clusterName": "prod-eu", "principalArn": "arn:aws:iam::123456789012:role/ci-deployer", "policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", "accessScope": {"type": "cluster"}})
	count(check.violation) == 1 with input as fx.normalised(rec)
	view := fx.record("eks.amazonaws.com", "AssociateAccessPolicy", {"clusterName": "prod-eu", "principalArn": "arn:aws:iam::123456789012:role/dev", "policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", "accessScope": {"type": "namespace", "namespaces": ["dev"]}})
	count(check.violation) == 0 with input as fx.normalised(view)
}

test_least_privilege_break_glass_and_denied if {
	scoped := {"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::lims-records/*"}]}
	count(check.violation) == 0 with input as fx.normalised(_attach("PutRolePolicy", {"roleName": "lims", "policyName": "read", "policyDocument": json.marshal(scoped)}))
	count(check.violation) == 0 with input as fx.normalised(_attach("AttachRolePolicy", {"roleName": "ReadOnly", "policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}))
	count(check.violation) == 0 with input as fx.normalised(_attach("AttachRolePolicy", {"roleName": "BreakGlassAdmin", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"})) with data.evident.config.break_glass_principals as ["BreakGlass*"]
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_attach("AttachRolePolicy", {"roleName": "x", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"})))
}
