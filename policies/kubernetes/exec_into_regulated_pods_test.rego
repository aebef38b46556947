package evident.checks.kubernetes.exec_into_regulated_pods_test

import rego.v1

import data.evident.checks.kubernetes.exec_into_regulated_pods as check

# The CONNECT request of `kubectl exec -it lims-api-7d9 -n lims -- sh`, as the API server sends it.
_exec_review(groups) := {
	"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
	"request": {
		"uid": "b6b4c6b0-5d3c-4f7e-9d5b-3f2f1a7c9e11",
		"kind": {"group": "", "version": "v1", "kind": "PodExecOptions"},
		"resource": {"group": "", "version": "v1", "resource": "pods"},
		"subResource": "exec",
		"requestKind": {"group": "", "version": "v1", "kind": "PodExecOptions"},
		"name": "lims-api-7d9", "namespace": "lims", "operation": "CONNECT",
		"userInfo": {"username": "alice@example.com", "groups": groups},
		"object": {"kind": "PodExecOptions", "apiVersion": "v1", "stdin": true, "stdout": true, "tty": true, "container": "api", "command": ["sh"]},
		"oldObject": null, "dryRun": false,
	},
}

# The same request normalised (no request kind; the object and subResource say what it is).
_normalised(sub, kind) := {
	"object": {"kind": kind, "apiVersion": "v1"}, "oldObject": null, "operation": "CONNECT",
	"userInfo": {"username": "bob", "groups": ["system:authenticated"]},
	"namespace": "lims", "dryRun": false, "subResource": sub, "source": "webhook",
}

_gxp := {"cluster": {"v1": {"Namespace": {"lims": {"metadata": {"name": "lims", "labels": {"data-classification": "gxp"}}}}}}, "namespace": {}}

test_exec_denied if {
	vs := check.violation with input as _exec_review(["system:authenticated", "lims-developers"]) with data.inventory as _gxp
	count(vs) == 1
	some v in vs
	contains(v.msg, `exec by "alice@example.com" into pod "lims-api-7d9" in PHI/GxP namespace "lims" is denied`)
}

test_break_glass_group_allowed if {
	count(check.violation) == 0 with input as _exec_review(["system:authenticated", "lims-break-glass"]) with data.inventory as _gxp with data.evident.config.break_glass_groups as ["lims-break-glass"]
}

test_break_glass_user_allowed if {
	count(check.violation) == 0 with input as _exec_review([]) with data.inventory as _gxp with data.evident.config.break_glass_users as ["alice@example.com"]
}

test_port_forward_and_attach_normalised if {
	vs := check.violation with input as _normalised("portforward", "PodPortForwardOptions") with data.evident.config.phi_namespaces as ["lims"]
	some v in vs
	startswith(v.msg, "port-forward by \"bob\"")
	count(check.violation) == 1 with input as _normalised("attach", "PodAttachOptions") with data.evident.config.phi_namespaces as ["lims"]
}

test_unregulated_namespace if {
	count(check.violation) == 0 with input as _exec_review([])
}

test_create_is_not_connect if {
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x", "namespace": "lims"}, "spec": {"containers": []}}
	count(check.violation) == 0 with input as pod with data.inventory as _gxp
}
