# METADATA
# title: Roles do not use wildcards
# description: |
#   Roles and ClusterRoles do not use "*" in verbs, resources or apiGroups (a wildcard also grants
#   every resource and verb added later). Roles named system:* and those in rbac_approved_roles (default
#   cluster-admin) are skipped.
# custom:
#   id: K8S-RBAC-WILDCARDS
#   severity: medium
#   controls: ["hipaa:164.308(a)(3)(ii)(B)", "hipaa:164.308(a)(4)(ii)(B)", "gxp-part11:11.10(g)"]
#   remediation: "List the exact apiGroups, resources and verbs the subject needs instead of \"*\"."
#   kinds: [kubernetes]
package evident.checks.kubernetes.rbac_wildcards

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	k8s.subject.kind in {"Role", "ClusterRole"}
	not k8s.rbac_role_skipped(k8s.name)
	some i, rule in k8s.subject.rules
	some field in ["verbs", "resources", "apiGroups"]
	"*" in rule[field]
	path := sprintf("rules[%d].%s", [i, field])
	msg := sprintf("%s rule %d uses \"*\" in %s; list the exact %s needed", [k8s.display, i, field, field])
}
