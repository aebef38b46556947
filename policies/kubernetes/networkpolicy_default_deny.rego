# METADATA
# title: PHI and GxP namespaces have default-deny NetworkPolicies
# description: |
#   Each phi/gxp namespace has NetworkPolicies selecting all pods (podSelector: {}) that deny ingress
#   and egress by default. In scan mode (data.inventory present) a regulated Namespace is checked against
#   the NetworkPolicies of its namespace; in admission, deleting or weakening such a default-deny policy in
#   a regulated namespace is a violation. Only meaningful when the CNI enforces NetworkPolicy
#   (TF-EKS-NETWORK-POLICY-ENFORCED).
# custom:
#   id: K8S-NETWORKPOLICY-DEFAULT-DENY
#   severity: high
#   controls: ["hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "hipaa:164.312(e)(1)", "gxp-part11:11.10(d)", "gxp-annex11:12.1"]
#   remediation: "Add a NetworkPolicy with podSelector: {}, policyTypes: [Ingress, Egress] and no ingress/egress rules to the namespace, then allow only the flows the workloads need with further policies."
#   kinds: [kubernetes]
package evident.checks.kubernetes.networkpolicy_default_deny

import rego.v1

import data.evident.lib.kubernetes as k8s

# Scan mode: the Namespace against the NetworkPolicies of the inventory.
violation contains {"msg": msg, "path": "metadata.name"} if {
	k8s.subject.kind == "Namespace"
	k8s.is_regulated
	is_object(data.inventory)
	missing := [d | some d in ["Ingress", "Egress"]; not _denied_in_inventory(d)]
	count(missing) > 0
	msg := sprintf("%s is a PHI/GxP namespace without a default-deny NetworkPolicy for %s; add a NetworkPolicy with podSelector: {} and policyTypes [%s] and no rules", [k8s.display, concat(" and ", missing), concat(", ", missing)])
}

# Admission: deleting a default-deny policy of a regulated namespace.
violation contains {"msg": msg, "path": "spec"} if {
	k8s.is_delete
	k8s.old_obj.kind == "NetworkPolicy"
	k8s.is_regulated
	denied := [d | some d in ["Ingress", "Egress"]; default_deny(k8s.old_obj, d)]
	count(denied) > 0
	msg := sprintf("deleting %s removes the default-deny %s policy of a PHI/GxP namespace; keep it and add narrower allow policies instead", [k8s.display, concat("/", denied)])
}

# Admission: an update that stops a policy denying by default.
violation contains {"msg": msg, "path": "spec"} if {
	k8s.is_update
	k8s.subject.kind == "NetworkPolicy"
	k8s.is_regulated
	some d in ["Ingress", "Egress"]
	default_deny(k8s.old_obj, d)
	not default_deny(k8s.subject, d)
	msg := sprintf("this update makes %s stop denying %s traffic by default in a PHI/GxP namespace; keep the default-deny policy (podSelector: {}, no %s rules) and add narrower allow policies", [k8s.display, d, lower(d)])
}

_denied_in_inventory(direction) if {
	some np in _namespace_policies
	default_deny(np, direction)
}

_namespace_policies contains np if {
	some _, kinds in data.inventory.namespace[k8s.namespace]
	some np in kinds.NetworkPolicy
}

# Whether a NetworkPolicy selects every pod and allows nothing in a direction.
default_deny(np, direction) if {
	_selects_all(np)
	direction in _policy_types(np)
	_empty(object.get(np.spec, lower(direction), []))
}

_selects_all(np) if {
	selector := object.get(np.spec, "podSelector", {})
	_empty(object.get(selector, "matchLabels", {}))
	_empty(object.get(selector, "matchExpressions", []))
}

_policy_types(np) := {t | some t in np.spec.policyTypes} if is_array(np.spec.policyTypes)

_policy_types(np) := types if {
	not is_array(np.spec.policyTypes)
	types := {"Ingress"} | {"Egress" | np.spec.egress}
}

_empty(v) if v == null

_empty(v) if count(v) == 0
