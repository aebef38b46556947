# METADATA
# title: Administrator access was granted
# description: |
#   A successful grant of administrator-level access: AttachRolePolicy/AttachUserPolicy/
#   AttachGroupPolicy of AdministratorAccess; PutRolePolicy/PutUserPolicy/PutGroupPolicy, CreatePolicy or
#   CreatePolicyVersion with a policy document allowing Action "*" on Resource "*"; or EKS
#   AssociateAccessPolicy of AmazonEKSClusterAdminPolicy. Grants to principals in break_glass_principals
#   are expected.
# custom:
#   id: CT-ADMIN-PRIVILEGE-GRANTED
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(3)(ii)(B)", "hipaa:164.308(a)(4)(i)", "hipaa:164.308(a)(4)(ii)(B)", "hipaa:164.308(a)(4)(ii)(C)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)"]
#   remediation: "Detach the policy (or delete the statement/access policy) and grant only the actions and resources the principal needs; if this is the break-glass role, add it to break_glass_principals and document the grant."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.admin_privilege_granted

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "requestParameters.policyArn"} if {
	some r in ct.records
	ct.call(r, "iam.amazonaws.com", {"AttachRolePolicy", "AttachUserPolicy", "AttachGroupPolicy"})
	p := ct.params(r)
	endswith(p.policyArn, ":policy/AdministratorAccess")
	grantee := _grantee(p)
	not ct.break_glass(grantee)
	msg := sprintf("%s attached AdministratorAccess to %s; grant a least-privilege policy instead", [ct.describe(r), _named(p)])
}

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	ct.call(r, "iam.amazonaws.com", {"PutRolePolicy", "PutUserPolicy", "PutGroupPolicy", "CreatePolicy", "CreatePolicyVersion"})
	p := ct.params(r)
	doc := ct.document(p.policyDocument)
	some i, s in ct.statements(doc)
	_full_admin(s)
	not ct.break_glass(_grantee(p))
	path := sprintf("requestParameters.policyDocument.Statement[%d]", [i])
	msg := sprintf("%s wrote a policy (%s) that allows every action on every resource; list the actions and resources needed instead", [ct.describe(r), _named(p)])
}

violation contains {"msg": msg, "path": "requestParameters.policyArn"} if {
	some r in ct.records
	ct.call(r, "eks.amazonaws.com", {"AssociateAccessPolicy"})
	p := ct.params(r)
	endswith(p.policyArn, "/AmazonEKSClusterAdminPolicy")
	not ct.break_glass(p.principalArn)
	msg := sprintf("%s made %q cluster admin of EKS cluster %q (scope %s); associate a namespaced, least-privilege access policy instead", [ct.describe(r), object.get(p, "principalArn", "?"), object.get(p, "clusterName", "?"), object.get(p, ["accessScope", "type"], "?")])
}

_full_admin(s) if {
	s.Effect == "Allow"
	some action in ct.as_list(s.Action)
	action in {"*", "*:*"}
	some resource in ct.as_list(s.Resource)
	resource == "*"
}

# Who receives the access: the role, user or group name (or the policy name for CreatePolicy*).
_grantee(p) := p.roleName if is_string(p.roleName)
else := p.userName if is_string(p.userName)
else := p.groupName if is_string(p.groupName)
else := p.policyName if is_string(p.policyName)
else := object.get(p, "policyArn", "?")

_named(p) := sprintf("role %q", [p.roleName]) if is_string(p.roleName)
else := sprintf("user %q", [p.userName]) if is_string(p.userName)
else := sprintf("group %q", [p.groupName]) if is_string(p.groupName)
else := sprintf("policy %q", [object.get(p, "policyName", object.get(p, "policyArn", "?"))])
