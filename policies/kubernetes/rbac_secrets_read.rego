# METADATA
# title: Only approved roles read Secrets or exec into pods
# description: |
#   Roles in phi/gxp namespaces, and every ClusterRole (it can be bound in any namespace), do not grant
#   get/list/watch on Secrets or create/get on pods/exec and pods/attach (core API group or "*"), unless
#   the role is in rbac_approved_roles or named system:*.
# custom:
#   id: K8S-RBAC-SECRETS-READ
#   severity: medium
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(3)(ii)(B)", "hipaa:164.308(a)(4)(i)", "hipaa:164.308(a)(4)(ii)(B)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: "Remove secrets (and pods/exec, pods/attach) from the role's rules, or narrow the rule with resourceNames and get the role approved (data.evident.config.rbac_approved_roles); applications should read their own Secrets as mounted files."
#   kinds: [kubernetes]
package evident.checks.kubernetes.rbac_secrets_read

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	_in_scope
	some i, rule in k8s.subject.rules
	_core(rule)
	"secrets" in _granted(rule.resources, {"secrets"})
	verbs := _granted(rule.verbs, {"get", "list", "watch"})
	count(verbs) > 0
	path := sprintf("rules[%d]", [i])
	msg := sprintf("%s grants %s on %s%s; only approved roles may read Secrets - remove the rule or get the role approved (rbac_approved_roles)", [k8s.display, concat("/", sort(verbs)), "secrets", _where])
}

violation contains {"msg": msg, "path": path} if {
	_in_scope
	some i, rule in k8s.subject.rules
	_core(rule)
	resources := _granted(rule.resources, {"pods/exec", "pods/attach"})
	count(resources) > 0
	verbs := _granted(rule.verbs, {"create", "get"})
	count(verbs) > 0
	path := sprintf("rules[%d]", [i])
	msg := sprintf("%s grants %s on %s%s; only approved break-glass roles may exec into pods - remove the rule or get the role approved (rbac_approved_roles)", [k8s.display, concat("/", sort(verbs)), concat(", ", sort(resources)), _where])
}

_in_scope if {
	k8s.subject.kind == "ClusterRole"
	not k8s.rbac_role_skipped(k8s.name)
}

_in_scope if {
	k8s.subject.kind == "Role"
	k8s.is_regulated
	not k8s.rbac_role_skipped(k8s.name)
}

_core(rule) if "" in rule.apiGroups

_core(rule) if "*" in rule.apiGroups

# The wanted names a rule list grants: the names themselves, or all of them through "*".
_granted(list, wanted) := {w | some w in wanted; w in list} if {
	not "*" in list
} else := wanted

_where := " (it can be bound in any namespace)" if {
	k8s.subject.kind == "ClusterRole"
} else := " in a PHI/GxP namespace"
