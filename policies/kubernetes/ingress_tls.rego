# METADATA
# title: Ingresses terminate TLS
# description: |
#   Every Ingress host is covered by spec.tls (a "*." entry covers one label); for the AWS Load
#   Balancer Controller (ingressClassName or kubernetes.io/ingress.class "alb") the ALB has an HTTPS
#   listener with a certificate (certificate-arn, or hosts for ACM discovery), HTTP listeners redirect to
#   HTTPS (ssl-redirect), and the ssl-policy enforces TLS 1.2+ (alb_ssl_policy_pattern; the controller's
#   default ELBSecurityPolicy-2016-08 allows TLS 1.0).
# custom:
#   id: K8S-INGRESS-TLS
#   severity: high
#   controls: ["hipaa:164.312(e)(1)", "hipaa:164.312(e)(2)(i)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.30", "gxp-annex11:5"]
#   remediation: "Add a spec.tls entry covering every host (with a certificate Secret from cert-manager); for ALB ingresses set alb.ingress.kubernetes.io/listen-ports to HTTPS, certificate-arn to an ACM certificate, ssl-redirect: \"443\" and ssl-policy: ELBSecurityPolicy-TLS13-1-2-2021-06."
#   kinds: [kubernetes]
package evident.checks.kubernetes.ingress_tls

import rego.v1

import data.evident.lib.kubernetes as k8s

# Ingress controllers other than ALB: every host covered by spec.tls.
violation contains {"msg": msg, "path": path} if {
	_ingress
	not _alb
	some i, rule in k8s.subject.spec.rules
	host := rule.host
	not _covered(host)
	path := sprintf("spec.rules[%d].host", [i])
	msg := sprintf("%s serves host %q without TLS; add a spec.tls entry listing %q with a certificate Secret", [k8s.display, host, host])
}

violation contains {"msg": msg, "path": path} if {
	_ingress
	not _alb
	not _has_tls
	some i, rule in k8s.subject.spec.rules
	not rule.host
	path := sprintf("spec.rules[%d]", [i])
	msg := sprintf("%s has a rule for any host and no spec.tls; add a spec.tls entry with a certificate Secret", [k8s.display])
}

violation contains {"msg": msg, "path": "spec"} if {
	_ingress
	not _alb
	not _has_tls
	count(object.get(k8s.subject.spec, "rules", [])) == 0
	msg := sprintf("%s routes all traffic to its default backend without TLS; add a spec.tls entry with a certificate Secret", [k8s.display])
}

# ALB: an HTTPS listener with a certificate, HTTP redirected, a TLS 1.2+ policy.
violation contains {"msg": msg, "path": k8s.label_path("metadata.annotations", "alb.ingress.kubernetes.io/listen-ports")} if {
	_alb
	not "HTTPS" in _listeners
	msg := sprintf("%s creates an ALB with only HTTP listeners; set alb.ingress.kubernetes.io/listen-ports to '[{\"HTTPS\": 443}]' and a certificate-arn", [k8s.display])
}

violation contains {"msg": msg, "path": k8s.label_path("metadata.annotations", "alb.ingress.kubernetes.io/certificate-arn")} if {
	_alb
	"HTTPS" in _listeners
	not _alb_annotation("certificate-arn")
	not _has_tls
	# NOTE(compiler): a comprehension passed straight to count() in a comparison is reported unsafe;
	# bound to a variable first.
	hosts := [h | some r in object.get(k8s.subject.spec, "rules", []); h := r.host]
	count(hosts) == 0
	msg := sprintf("%s has an HTTPS listener but no certificate (no certificate-arn annotation and no hosts for ACM discovery); set alb.ingress.kubernetes.io/certificate-arn", [k8s.display])
}

violation contains {"msg": msg, "path": k8s.label_path("metadata.annotations", "alb.ingress.kubernetes.io/ssl-redirect")} if {
	_alb
	"HTTP" in _listeners
	not _alb_annotation("ssl-redirect")
	msg := sprintf("%s has an HTTP listener that does not redirect to HTTPS; set alb.ingress.kubernetes.io/ssl-redirect: \"443\"", [k8s.display])
}

violation contains {"msg": msg, "path": k8s.label_path("metadata.annotations", "alb.ingress.kubernetes.io/ssl-policy")} if {
	_alb
	"HTTPS" in _listeners
	policy := object.get(k8s.annotations, "alb.ingress.kubernetes.io/ssl-policy", "ELBSecurityPolicy-2016-08")
	not regex.match(k8s.alb_ssl_policy_pattern, policy)
	msg := sprintf("%s uses ALB ssl-policy %q, which allows TLS below 1.2; set alb.ingress.kubernetes.io/ssl-policy to a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06", [k8s.display, policy])
}

_ingress if k8s.subject.kind == "Ingress"

_alb if {
	_ingress
	k8s.subject.spec.ingressClassName == "alb"
}

_alb if {
	_ingress
	k8s.annotations["kubernetes.io/ingress.class"] == "alb"
}

_alb_annotation(name) := v if {
	v := k8s.annotations[concat("", ["alb.ingress.kubernetes.io/", name])]
	v != ""
}

_has_tls if count(object.get(k8s.subject.spec, "tls", [])) > 0

_covered(host) if {
	some t in k8s.subject.spec.tls
	some h in t.hosts
	h == host
}

_covered(host) if {
	some t in k8s.subject.spec.tls
	some h in t.hosts
	startswith(h, "*.")
	suffix := substring(h, 1, -1)
	endswith(host, suffix)
	not contains(trim_suffix(host, suffix), ".")
}

# Listener protocols of the ALB: the listen-ports annotation, else the controller's default.
_listeners := {protocol |
	some entry in json.unmarshal(_alb_annotation("listen-ports"))
	some protocol, _ in entry
} if {
	json.is_valid(_alb_annotation("listen-ports"))
} else := {"HTTPS"} if {
	_alb_annotation("certificate-arn")
} else := {"HTTP"}
