# METADATA
# title: cluster-admin is bound only to break-glass subjects
# description: |
#   ClusterRoleBindings and RoleBindings that grant the cluster-admin ClusterRole bind only subjects in
#   break_glass_subjects (default: the system:masters group, which EKS manages through access entries).
# custom:
#   id: K8S-RBAC-CLUSTER-ADMIN
#   severity: high
#   controls: ["hipaa:164.308(a)(3)(ii)(B)", "hipaa:164.308(a)(4)(ii)(B)", "hipaa:164.312(a)(2)(ii)", "gxp-part11:11.10(g)"]
#   remediation: "Bind cluster-admin only to the approved break-glass group; give people and workloads narrowly scoped Roles, and list approved break-glass subjects in data.evident.config.break_glass_subjects."
#   kinds: [kubernetes]
package evident.checks.kubernetes.rbac_cluster_admin

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	k8s.subject.kind in {"ClusterRoleBinding", "RoleBinding"}
	k8s.subject.roleRef.kind == "ClusterRole"
	k8s.subject.roleRef.name == "cluster-admin"
	some i, s in k8s.subject.subjects
	not k8s.subject_allowed(s, k8s.break_glass_subjects)
	path := sprintf("subjects[%d]", [i])
	msg := sprintf("%s grants cluster-admin to %s %q%s, which is not an approved break-glass subject; bind a narrowly scoped Role instead (or add the subject to break_glass_subjects once approved)", [k8s.display, object.get(s, "kind", ""), object.get(s, "name", ""), _ns(s)])
}

_ns(s) := sprintf(" (namespace %q)", [s.namespace]) if {
	is_string(s.namespace)
	s.namespace != ""
} else := ""
