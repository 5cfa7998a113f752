export default function OperationPage() {
  return <h1>Operation</h1>;
}
