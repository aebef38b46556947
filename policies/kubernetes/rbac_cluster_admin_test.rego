package evident.checks.kubernetes.rbac_cluster_admin_test

import rego.v1

import data.evident.checks.kubernetes.rbac_cluster_admin as check
import data.evident.test.kubernetes as fx

_binding(subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
	"metadata": {"name": "ops-admin"},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
	"subjects": subjects,
}

test_system_masters_allowed if {
	count(check.violation) == 0 with input as _binding([{"kind": "Group", "name": "system:masters", "apiGroup": "rbac.authorization.k8s.io"}])
}

test_user_and_service_account if {
	vs := check.violation with input as _binding([
		{"kind": "Group", "name": "system:masters"},
		{"kind": "User", "name": "bob@example.com"},
		{"kind": "ServiceAccount", "name": "ci-deployer", "namespace": "ci"},
	])
	fx.paths(vs) == {"subjects[1]", "subjects[2]"}
	some v in vs
	contains(v.msg, `grants cluster-admin to ServiceAccount "ci-deployer" (namespace "ci")`)
}

test_configured_break_glass if {
	cfg := [{"kind": "Group", "name": "platform-break-glass"}]
	count(check.violation) == 0 with input as _binding([{"kind": "Group", "name": "platform-break-glass"}]) with data.evident.config.break_glass_subjects as cfg
}

test_rolebinding_to_cluster_admin if {
	rb := object.union(_binding([{"kind": "User", "name": "carol"}]), {"kind": "RoleBinding", "metadata": {"namespace": "lims"}})
	count(check.violation) == 1 with input as rb
}

test_other_role if {
	count(check.violation) == 0 with input as object.union(_binding([{"kind": "User", "name": "bob"}]), {"roleRef": {"name": "view"}})
}
