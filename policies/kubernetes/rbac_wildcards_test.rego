package evident.checks.kubernetes.rbac_wildcards_test

import rego.v1

import data.evident.checks.kubernetes.rbac_wildcards as check
import data.evident.test.kubernetes as fx

_role(kind, name, rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": name, "namespace": "lims"}, "rules": rules}

test_explicit_rules if {
	count(check.violation) == 0 with input as _role("Role", "lims-reader", [{"apiGroups": ["", "apps"], "resources": ["pods", "deployments"], "verbs": ["get", "list", "watch"]}])
}

test_wildcards if {
	vs := check.violation with input as _role("ClusterRole", "ml-operator", [
		{"apiGroups": ["kubeflow.org"], "resources": ["*"], "verbs": ["*"]},
		{"apiGroups": ["*"], "resources": ["pods"], "verbs": ["get"]},
	])
	fx.paths(vs) == {"rules[0].resources", "rules[0].verbs", "rules[1].apiGroups"}
}

test_system_and_approved_roles_skipped if {
	rules := [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]
	count(check.violation) == 0 with input as _role("ClusterRole", "system:controller:generic", rules)
	count(check.violation) == 0 with input as _role("ClusterRole", "cluster-admin", rules)
	count(check.violation) == 3 with input as _role("ClusterRole", "cluster-admin", rules) with data.evident.config.rbac_approved_roles as []
}
