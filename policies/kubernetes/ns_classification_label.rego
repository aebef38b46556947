# METADATA
# title: Namespaces carry a data-classification label
# description: |
#   Every non-system Namespace carries the classification_label (default data-classification) with a
#   value from allowed_classifications (public, internal, confidential, phi, gxp); the PHI/GxP rules key off
#   it. GxP namespaces also carry gxp_system_id_label (default gxp-system-id), linking them to the
#   computerised-system inventory. Namespaces in exempt_namespaces are skipped.
# custom:
#   id: K8S-NS-CLASSIFICATION-LABEL
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(A)", "gxp-annex11:1", "gxp-annex11:4.3"]
#   remediation: "Label the Namespace with data-classification set to one of public, internal, confidential, phi or gxp (and gxp-system-id for GxP namespaces), e.g. kubectl label namespace <ns> data-classification=phi."
#   kinds: [kubernetes]
package evident.checks.kubernetes.ns_classification_label

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": "metadata.labels"} if {
	k8s.subject.kind == "Namespace"
	not k8s.is_exempt
	not k8s.labels[k8s.classification_label]
	msg := sprintf("%s has no %q label; label it with one of %s", [k8s.display, k8s.classification_label, _allowed])
}

violation contains {"msg": msg, "path": path} if {
	k8s.subject.kind == "Namespace"
	not k8s.is_exempt
	value := k8s.labels[k8s.classification_label]
	not lower(value) in k8s.allowed_classifications
	path := k8s.label_path("metadata.labels", k8s.classification_label)
	msg := sprintf("%s has %s=%q, which is not a known classification; use one of %s", [k8s.display, k8s.classification_label, value, _allowed])
}

violation contains {"msg": msg, "path": "metadata.labels"} if {
	k8s.subject.kind == "Namespace"
	not k8s.is_exempt
	k8s.is_gxp
	not k8s.labels[k8s.gxp_system_id_label]
	msg := sprintf("%s is a GxP namespace without a %q label; add the id of its computerised system from the system inventory", [k8s.display, k8s.gxp_system_id_label])
}

_allowed := concat(", ", sort(k8s.allowed_classifications))
