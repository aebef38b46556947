package evident.checks.aws_config.elbv2_listener_tls_test

import data.evident.checks.aws_config.elbv2_listener_tls as check

listener(conf) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::ElasticLoadBalancingV2::Listener", "resourceName": "web-80", "configuration": conf}}

test_http_forward_fires if {
	count(check.violation) == 1 with input as listener({"Port": 80, "Protocol": "HTTP", "DefaultActions": [{"Type": "forward", "TargetGroupArn": "arn"}]})
}

test_http_redirect_passes if {
	count(check.violation) == 0 with input as listener({"Port": 80, "Protocol": "HTTP", "DefaultActions": [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]})
}

test_weak_policy_fires if {
	vs := check.violation with input as listener({"Port": 443, "Protocol": "HTTPS", "SslPolicy": "ELBSecurityPolicy-2016-08"})
	count(vs) == 1
	some v in vs
	v.path == "configuration.SslPolicy"
}

test_modern_policy_passes if {
	count(check.violation) == 0 with input as listener({"Port": 443, "Protocol": "HTTPS", "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06"})
	count(check.violation) == 0 with input as listener({"port": 443, "protocol": "TLS", "sslPolicy": "ELBSecurityPolicy-FS-1-2-Res-2020-10"})
}
