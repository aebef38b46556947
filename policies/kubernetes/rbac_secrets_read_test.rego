package evident.checks.kubernetes.rbac_secrets_read_test

import rego.v1

import data.evident.checks.kubernetes.rbac_secrets_read as check
import data.evident.test.kubernetes as fx

_role(kind, ns, rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": "support", "namespace": ns}, "rules": rules}

_secrets := [{"apiGroups": [""], "resources": ["secrets", "configmaps"], "verbs": ["get", "list"]}]

_exec := [{"apiGroups": [""], "resources": ["pods", "pods/exec"], "verbs": ["get", "create"]}]

test_cluster_role_reading_secrets if {
	vs := check.violation with input as _role("ClusterRole", "", _secrets)
	fx.paths(vs) == {"rules[0]"}
	some v in vs
	contains(v.msg, `ClusterRole "support" grants get/list on secrets (it can be bound in any namespace)`)
}

test_role_in_phi_namespace if {
	count(check.violation) == 1 with input as _role("Role", "claims", _exec) with data.inventory as fx.inventory({"claims": {"data-classification": "phi"}})
	count(check.violation) == 0 with input as _role("Role", "claims", _exec) with data.inventory as fx.inventory({"claims": {"data-classification": "internal"}})
}

test_wildcards_grant_both if {
	count(check.violation) == 2 with input as _role("ClusterRole", "", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])
}

test_other_api_group_and_verbs if {
	count(check.violation) == 0 with input as _role("ClusterRole", "", [{"apiGroups": ["external-secrets.io"], "resources": ["secrets"], "verbs": ["get"]}])
	count(check.violation) == 0 with input as _role("ClusterRole", "", [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["create", "delete"]}])
}

test_approved_role if {
	count(check.violation) == 0 with input as _role("ClusterRole", "", _secrets) with data.evident.config.rbac_approved_roles as ["support"]
}
