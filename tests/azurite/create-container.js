// Creates a blob container on Azurite (object_store does not create containers).
// Usage: node create-container.js <container>
const { BlobServiceClient } = require("@azure/storage-blob");

const connection =
  "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
  "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
  "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

BlobServiceClient.fromConnectionString(connection)
  .getContainerClient(process.argv[2])
  .createIfNotExists()
  .catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
