# METADATA
# title: Load balancers in PHI and GxP namespaces are internal
# description: |
#   In phi/gxp namespaces, LoadBalancer Services and ALB Ingresses are internal. A Service is
#   internet-facing when its aws-load-balancer-scheme annotation says so, or when it is left to the in-tree
#   cloud provider (whose default is public) without aws-load-balancer-internal; the AWS Load Balancer
#   Controller (aws-load-balancer-type external/nlb-ip, or loadBalancerClass service.k8s.aws/nlb) defaults
#   to internal. An Ingress is internet-facing when alb.ingress.kubernetes.io/scheme is internet-facing.
# custom:
#   id: K8S-SERVICE-NOT-INTERNET-FACING
#   severity: high
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: "Set service.beta.kubernetes.io/aws-load-balancer-scheme: internal on the Service (alb.ingress.kubernetes.io/scheme: internal on the Ingress) and reach it through a private network, VPN or an authenticated edge outside the PHI/GxP namespace."
#   kinds: [kubernetes]
package evident.checks.kubernetes.service_not_internet_facing

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	k8s.is_regulated
	k8s.subject.kind == "Service"
	k8s.subject.spec.type == "LoadBalancer"
	some path, why in _public
	msg := sprintf("%s is a LoadBalancer Service in a PHI/GxP namespace and %s; set service.beta.kubernetes.io/aws-load-balancer-scheme: internal", [k8s.display, why])
}

violation contains {"msg": msg, "path": path} if {
	k8s.is_regulated
	k8s.subject.kind == "Ingress"
	k8s.annotations["alb.ingress.kubernetes.io/scheme"] == "internet-facing"
	path := k8s.label_path("metadata.annotations", "alb.ingress.kubernetes.io/scheme")
	msg := sprintf("%s creates an internet-facing ALB in a PHI/GxP namespace; set alb.ingress.kubernetes.io/scheme: internal", [k8s.display])
}

_scheme_key := "service.beta.kubernetes.io/aws-load-balancer-scheme"

_public[k8s.label_path("metadata.annotations", _scheme_key)] := "its scheme annotation is internet-facing" if {
	k8s.annotations[_scheme_key] == "internet-facing"
}

_public["spec.type"] := "it has no internal annotation, so the in-tree cloud provider creates a public load balancer" if {
	not k8s.annotations[_scheme_key]
	not _legacy_internal
	not _controller_managed
}

_legacy_internal if k8s.truthy(k8s.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"])

_legacy_internal if k8s.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"] == "0.0.0.0/0"

_controller_managed if k8s.annotations["service.beta.kubernetes.io/aws-load-balancer-type"] in {"external", "nlb-ip"}

_controller_managed if k8s.subject.spec.loadBalancerClass == "service.k8s.aws/nlb"
