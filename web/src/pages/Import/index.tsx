export default function ImportPage() {
  return <h1>Import</h1>;
}
