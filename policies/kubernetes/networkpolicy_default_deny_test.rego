package evident.checks.kubernetes.networkpolicy_default_deny_test

import rego.v1

import data.evident.checks.kubernetes.networkpolicy_default_deny as check
import data.evident.test.kubernetes as fx

_deny_all := {
	"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
	"metadata": {"name": "default-deny", "namespace": "claims"},
	"spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
}

_deny_ingress := {
	"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
	"metadata": {"name": "deny-ingress", "namespace": "claims"},
	"spec": {"podSelector": {}},
}

_allow_dns := {
	"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
	"metadata": {"name": "allow-dns", "namespace": "claims"},
	"spec": {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"ports": [{"port": 53, "protocol": "UDP"}]}]},
}

_phi := fx.namespace("claims", {"data-classification": "phi"})

_inventory(policies) := {
	"cluster": {"v1": {"Namespace": {"claims": _phi}}},
	"namespace": {"claims": {"networking.k8s.io/v1": {"NetworkPolicy": {p.metadata.name: p | some p in policies}}}},
}

test_scan_with_deny_all if {
	count(check.violation) == 0 with input as _phi with data.inventory as _inventory([_deny_all, _allow_dns])
}

test_scan_without_policies if {
	vs := check.violation with input as _phi with data.inventory as _inventory([])
	count(vs) == 1
	some v in vs
	contains(v.msg, "for Ingress and Egress")
}

test_scan_ingress_only if {
	vs := check.violation with input as _phi with data.inventory as _inventory([_deny_ingress, _allow_dns])
	some v in vs
	contains(v.msg, "without a default-deny NetworkPolicy for Egress;")
}

test_unregulated_namespace if {
	count(check.violation) == 0 with input as fx.namespace("tools", {"data-classification": "internal"}) with data.inventory as _inventory([])
}

test_admission_without_inventory_is_silent if {
	count(check.violation) == 0 with input as fx.admission("CREATE", _phi, null)
}

test_delete_deny_all_in_phi_namespace if {
	inp := fx.admission("DELETE", null, _deny_all)
	vs := check.violation with input as inp with data.evident.config.phi_namespaces as ["claims"]
	some v in vs
	contains(v.msg, `deleting NetworkPolicy "default-deny" in namespace "claims" removes the default-deny Ingress/Egress policy`)
	count(check.violation) == 0 with input as fx.admission("DELETE", null, _allow_dns) with data.evident.config.phi_namespaces as ["claims"]
}

test_update_weakening if {
	weakened := object.union(_deny_all, {"spec": {"ingress": [{"from": [{"namespaceSelector": {}}]}]}})
	vs := check.violation with input as fx.admission("UPDATE", weakened, _deny_all) with data.inventory as _inventory([_deny_all])
	count(vs) == 1
	count(check.violation) == 0 with input as fx.admission("UPDATE", _deny_all, _deny_all) with data.inventory as _inventory([_deny_all])
}

test_default_deny_semantics if {
	check.default_deny(_deny_ingress, "Ingress")
	not check.default_deny(_deny_ingress, "Egress")
	not check.default_deny(_allow_dns, "Egress")
	not check.default_deny(object.union(_deny_all, {"spec": {"podSelector": {"matchLabels": {"app": "x"}}}}), "Ingress")
}
