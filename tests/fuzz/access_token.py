"""Creates an identity on a dev landscape the way the official client does and prints an access token.

Usage: access_token.py <consumer api url>
"""
import base64, json, urllib.request, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization
url=sys.argv[1]
def b64(b): return base64.urlsafe_b64encode(b).rstrip(b'=').decode()
def post(path, body, ctype='application/json'):
    req=urllib.request.Request(url+path, data=body, headers={'content-type': ctype}, method='POST')
    return json.load(urllib.request.urlopen(req))
k=Ed25519PrivateKey.generate()
pub=k.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
ch=post('/api/v2/Challenges', b'{}')['result']
chs=json.dumps({"expiresAt":ch['expiresAt'],"id":ch['id'],"type":"Identity"},separators=(',',':'))
sig=k.sign(chs.encode())
body={"clientId":"test","clientSecret":"test","identityPublicKey":b64(json.dumps({"pub":b64(pub),"alg":3}).encode()),
 "devicePassword":"password","identityVersion":1,"signedChallenge":{"challenge":chs,"signature":b64(json.dumps({"sig":b64(sig),"alg":2}).encode())}}
r=post('/api/v2/Identities', json.dumps(body).encode())['result']
import urllib.parse
t=post('/connect/token', urllib.parse.urlencode({"grant_type":"password","client_id":"test","client_secret":"test","username":r['device']['username'],"password":"password"}).encode(),'application/x-www-form-urlencoded')
print(t['access_token'])
