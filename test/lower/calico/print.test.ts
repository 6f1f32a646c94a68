/**
 * Reviewed examples: the IR printed for Calico inputs, written out by hand after checking each line
 * against the Calico reference (tier order and default action, name and order of each policy, the
 * rule scope of a namespaced policy, `notSelector`/`notNets`, the IP version implied by a CIDR,
 * the profile and marker tiers). The text form must also parse back to the same program.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseIr } from '../../../src/ir/parse.js';
import { printIr } from '../../../src/ir/print.js';
import { lowerText } from './helpers.js';

const POLICIES = `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100, defaultAction: Pass}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.quarantine}
spec:
  tier: security
  order: 10
  selector: quarantine == 'true'
  types: [Ingress, Egress]
  ingress:
  - action: Deny
  egress:
  - action: Log
  - action: Deny
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: db, namespace: prod}
spec:
  selector: app == 'db'
  ingress:
  - action: Allow
    protocol: TCP
    source:
      selector: app == 'web'
      namespaceSelector: env in {'prod', 'staging'}
    destination:
      ports: [5432, '6000:6010', pg]
  - action: Deny
    source:
      notSelector: app == 'web'
      notNets: [10.0.0.0/8]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: partners, labels: {kind: partner}}
spec: {nets: [203.0.113.0/24]}
`;

const POLICIES_IR = `snapshot {
  namespace "prod" labels {"kubernetes.io/metadata.name": "prod", "projectcalico.org/name": "prod"}
  networkset "partners" global labels {"kind": "partner"} nets [203.0.113.0/24]
}
tier "security" order 100 default pass {
  policy "security.quarantine" order 10 types [ingress, egress] applies sel(quarantine == "true") @ "ex.yaml":6:1 GlobalNetworkPolicy "security.quarantine" {
    ingress deny from any to any @ 15:5 rule 0 "spec.ingress[0]"
    egress log from any to any @ 17:5 rule 0 "spec.egress[0]"
    egress deny from any to any @ 18:5 rule 1 "spec.egress[1]"
  }
}
tier "default" order 1000000 default deny {
  policy "prod/db" order none types [ingress] applies sel(app == "db") ns "prod" @ "ex.yaml":20:1 NetworkPolicy "prod/db" {
    ingress allow proto tcp from sel(app == "web") ns(env in {"prod", "staging"}) to ports [5432, 6000-6010, "pg"] @ 26:5 rule 0 "spec.ingress[0]"
    ingress deny ipv4 from not nets [10.0.0.0/8] not sel(app == "web") ns "prod" to any @ 33:5 rule 1 "spec.ingress[1]"
  }
}
final allow
`;

const PROFILES = `apiVersion: projectcalico.org/v3
kind: Profile
metadata: {name: kns.prod}
spec:
  ingress:
  - action: Allow
    source: {selector: app == 'web'}
  egress:
  - action: Allow
---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node1-eth0}
spec: {node: node1, interfaceName: eth0, expectedIPs: [192.168.0.10]}
`;

const PROFILES_IR = `snapshot {
}
tier "~unmodelled" order 0 default pass {
  policy "hostendpoint/node1-eth0" order none types [ingress, egress] applies sel(all()) @ "ex.yaml":11:1 HostEndpoint "node1-eth0" {
    ingress pass from nets [192.168.0.10/32] to any unknown "host endpoint \`node1-eth0\` (node \`node1\`) is not modelled: Calico polices traffic to and from this address at the host" @ 11:1 rule 0
    egress pass from any to nets [192.168.0.10/32] unknown "host endpoint \`node1-eth0\` (node \`node1\`) is not modelled: Calico polices traffic to and from this address at the host" @ 11:1 rule 0
  }
}
tier "default" order 1000000 default deny {}
tier "~profiles" order none default deny {
  policy "kns.*" order 1 types [ingress, egress] applies sel(projectcalico.org/namespace not in {"prod"}) @ "<calico>":1:1 Profile "kns.*" {
    ingress allow from any to any @ 1:1 rule 0
    egress allow from any to any @ 1:1 rule 0
  }
  policy "kns.prod" order 1 types [ingress, egress] applies sel(all()) ns "prod" @ "ex.yaml":1:1 Profile "kns.prod" {
    ingress allow from sel(app == "web") to any @ 6:5 rule 0 "spec.ingress[0]"
    egress allow from any to any @ 9:5 rule 0 "spec.egress[0]"
  }
}
final allow
`;

for (const [name, yaml, ir] of [['policies, tiers and a network set', POLICIES, POLICIES_IR], ['profiles and a host endpoint', PROFILES, PROFILES_IR]]) {
  test(`reviewed IR: ${name}`, () => {
    const r = lowerText(yaml!, {}, 'ex.yaml');
    assert.fixture(printIr(r.value), ir!);
    const back = parseIr(printIr(r.value));
    assert.equal(back.diagnostics, []);
    assert.equal(back.value, r.value);
  });
}

test.run();
