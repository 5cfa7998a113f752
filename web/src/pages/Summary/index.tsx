export default function SummaryPage() {
  return <h1>Summary</h1>;
}
