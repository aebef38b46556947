package evident.checks.kubernetes.ingress_tls_test

import rego.v1

import data.evident.checks.kubernetes.ingress_tls as check
import data.evident.test.kubernetes as fx

_ingress(spec, annotations) := {
	"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
	"metadata": {"name": "lims", "namespace": "lims", "annotations": annotations},
	"spec": spec,
}

_rules := [
	{"host": "lims.example.com", "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "lims-api", "port": {"number": 80}}}}]}},
	{"host": "api.lims.example.com", "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "lims-api", "port": {"number": 80}}}}]}},
]

test_tls_covers_hosts if {
	spec := {"ingressClassName": "nginx", "tls": [{"hosts": ["lims.example.com", "*.lims.example.com"], "secretName": "lims-tls"}], "rules": _rules}
	count(check.violation) == 0 with input as _ingress(spec, {})
}

test_host_not_covered if {
	spec := {"ingressClassName": "nginx", "tls": [{"hosts": ["lims.example.com"], "secretName": "lims-tls"}], "rules": _rules}
	vs := check.violation with input as _ingress(spec, {})
	fx.paths(vs) == {"spec.rules[1].host"}
}

test_wildcard_covers_one_label_only if {
	spec := {"tls": [{"hosts": ["*.example.com"], "secretName": "wild"}], "rules": _rules}
	fx.paths(check.violation) == {"spec.rules[1].host"} with input as _ingress(spec, {})
}

test_no_tls_default_backend if {
	spec := {"defaultBackend": {"service": {"name": "lims-api", "port": {"number": 80}}}}
	fx.paths(check.violation) == {"spec"} with input as _ingress(spec, {})
}

test_alb_https_with_redirect_and_policy if {
	ann := {
		"alb.ingress.kubernetes.io/scheme": "internal",
		"alb.ingress.kubernetes.io/listen-ports": `[{"HTTP": 80}, {"HTTPS": 443}]`,
		"alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
		"alb.ingress.kubernetes.io/ssl-redirect": "443",
		"alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
	}
	count(check.violation) == 0 with input as _ingress({"ingressClassName": "alb", "rules": _rules}, ann)
}

test_alb_http_only if {
	vs := check.violation with input as _ingress({"ingressClassName": "alb", "rules": _rules}, {"alb.ingress.kubernetes.io/scheme": "internal"})
	fx.paths(vs) == {`metadata.annotations["alb.ingress.kubernetes.io/listen-ports"]`, `metadata.annotations["alb.ingress.kubernetes.io/ssl-redirect"]`}
}

test_alb_default_policy_and_no_redirect if {
	ann := {
		"kubernetes.io/ingress.class": "alb",
		"alb.ingress.kubernetes.io/listen-ports": `[{"HTTP": 80}, {"HTTPS": 443}]`,
		"alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c",
	}
	vs := check.violation with input as _ingress({"rules": _rules}, ann)
	fx.paths(vs) == {`metadata.annotations["alb.ingress.kubernetes.io/ssl-redirect"]`, `metadata.annotations["alb.ingress.kubernetes.io/ssl-policy"]`}
	some v in vs
	contains(v.msg, `"ELBSecurityPolicy-2016-08"`)
}

test_alb_https_without_certificate_or_hosts if {
	ann := {"alb.ingress.kubernetes.io/listen-ports": `[{"HTTPS": 443}]`, "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-FS-1-2-Res-2020-10"}
	spec := {"ingressClassName": "alb", "defaultBackend": {"service": {"name": "lims-api", "port": {"number": 80}}}}
	fx.paths(check.violation) == {`metadata.annotations["alb.ingress.kubernetes.io/certificate-arn"]`} with input as _ingress(spec, ann)
}
