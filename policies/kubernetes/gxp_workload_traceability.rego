# METADATA
# title: GxP workloads carry validated-release labels
# description: |
#   Workloads (Pods and every pod carrier) in gxp namespaces carry required_gxp_labels (default
#   app.kubernetes.io/name, app.kubernetes.io/version, gxp.validation/change-id) on the object and on
#   their pod templates (Kubeflow Notebook templates have no metadata: the controller copies the
#   Notebook's labels), tying the running version to a validated release and its change record. Pair with
#   K8S-IMAGE-DIGEST-PINNED.
# custom:
#   id: K8S-GXP-WORKLOAD-TRACEABILITY
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(A)", "gxp-part11:11.10(a)", "gxp-part11:11.10(k)", "gxp-annex11:1", "gxp-annex11:4.2", "gxp-annex11:4.3", "gxp-annex11:10"]
#   remediation: "Add the labels app.kubernetes.io/name, app.kubernetes.io/version and gxp.validation/change-id (the change record of the validated release) to the workload's metadata.labels and its pod template's metadata.labels, from the release pipeline."
#   kinds: [kubernetes]
package evident.checks.kubernetes.gxp_workload_traceability

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": "metadata.labels"} if {
	k8s.is_gxp
	count(k8s.pod_specs) > 0
	some label in k8s.required_gxp_labels
	not _has(k8s.subject.metadata.labels, label)
	msg := sprintf("%s runs in a GxP namespace without the label %q; add it from the validated release", [k8s.display, label])
}

violation contains {"msg": msg, "path": path} if {
	k8s.is_gxp
	# Kubeflow Notebook templates have no metadata: the controller copies the Notebook's labels.
	k8s.subject.kind != "Notebook"
	some p in k8s.pod_specs
	endswith(p.path, "template.spec")
	some label in k8s.required_gxp_labels
	not _has(p.metadata.labels, label)
	template := trim_suffix(p.path, ".spec")
	path := sprintf("%s.metadata.labels", [template])
	msg := sprintf("%s: the pod template at %s lacks the label %q, so its Pods cannot be traced to the validated release; add it", [k8s.display, template, label])
}

_has(labels, key) if {
	v := labels[key]
	is_string(v)
	v != ""
}
