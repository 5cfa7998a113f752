export default function OperationsPage() {
  return <h1>Operations</h1>;
}
