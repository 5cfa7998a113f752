export default function OverduePage() {
  return <h1>Overdue</h1>;
}
