package evident.checks.aws_config.sg_no_internet_admin_ingress_test

import data.evident.checks.aws_config.sg_no_internet_admin_ingress as check

sg(perms) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::EC2::SecurityGroup", "resourceId": "sg-1", "resourceName": "nb", "configuration": {"groupId": "sg-1", "ipPermissions": perms}}}

test_ssh_open_fires if {
	count(check.violation) == 1 with input as sg([{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]}])
	count(check.violation) == 1 with input as sg([{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipRanges": ["0.0.0.0/0"]}])
}

test_all_protocols_ipv6_fires if {
	count(check.violation) == 1 with input as sg([{"ipProtocol": "-1", "ipv6Ranges": [{"cidrIpv6": "::/0"}]}])
}

test_https_and_private_pass if {
	count(check.violation) == 0 with input as sg([{"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]}])
	count(check.violation) == 0 with input as sg([{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipv4Ranges": [{"cidrIp": "10.0.0.0/8"}]}])
}
