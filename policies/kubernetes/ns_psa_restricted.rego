# METADATA
# title: PHI and GxP namespaces enforce the restricted Pod Security Standard
# description: |
#   A Namespace classified phi or gxp (its classification label, or phi_namespaces/gxp_namespaces)
#   sets pod-security.kubernetes.io/enforce: restricted so the API server rejects non-compliant Pods
#   whatever admission webhooks are installed.
# custom:
#   id: K8S-NS-PSA-RESTRICTED
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:1", "gxp-annex11:12.1"]
#   remediation: "Label the Namespace pod-security.kubernetes.io/enforce=restricted (and pin pod-security.kubernetes.io/enforce-version to the cluster's minor version or latest)."
#   kinds: [kubernetes]
package evident.checks.kubernetes.ns_psa_restricted

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	k8s.subject.kind == "Namespace"
	k8s.is_regulated
	object.get(k8s.labels, _enforce, "") != "restricted"
	path := k8s.label_path("metadata.labels", _enforce)
	msg := sprintf("%s holds %s data but %s; label it %s=restricted", [k8s.display, _class, _current, _enforce])
}

_enforce := "pod-security.kubernetes.io/enforce"

_current := sprintf("enforces the %q Pod Security level", [k8s.labels[_enforce]]) if {
	k8s.labels[_enforce]
} else := "does not enforce a Pod Security level"

_class := "PHI" if k8s.is_phi
else := "GxP"
